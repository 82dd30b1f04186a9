import { Writable } from "node:stream";
import { loadLetterKit } from "/work/main/src/letters/index.js";
const kit = await loadLetterKit({ date: new Date(0) });
const mk = (i: number) => ({ recordId: String(i), language: undefined, projectTitle: "P", fields: { first_name: "Ana", last_name: "Silva", address_1: "1 Main", city: "Miami", state: "FL", postal_code: "33135" },
  surveys: [{ recordId: String(i), instrument: "baseline_survey", event: undefined, repeatInstance: 1, label: "Baseline", surveyLink: "https://x.org/surveys/?s=ABCDEFGH"+i, accessCode: "ABCDEFGHJ", returnCode: "ABCDEFGH" }] });
const n = Number(process.env.N ?? 2000);
async function* gen() { for (let i = 0; i < n; i++) { yield mk(i) as never; if (i % 1000 === 999) { (globalThis as any).gc?.(); const m = process.memoryUsage(); console.log(i+1, "rss", (m.rss/1e6).toFixed(0), "heap", (m.heapUsed/1e6).toFixed(0)); } } }
let bytes = 0;
await kit.renderPrintFile(gen(), new Writable({ write(c, _e, d) { bytes += c.length; d(); } }), { duplex: false });
console.log("bytes", bytes, "maxRSS", (process.resourceUsage().maxRSS/1e3).toFixed(0));
