// Help texts a study coordinator can follow: what to type, where the token goes, what comes out.

export const PROGRAM_HELP = `
Start with a rehearsal on your own computer (no real REDCap needed):
  redcap-packets simulate                # prints an API URL, a token and its private file; leave it running

Then: redcap-packets generate --help
(Inside the tool's own folder, before installing it: npx redcap-packets …, and npm run demo makes
the bundled demo letters in one step.)
`;

export const GENERATE_HELP = `
The API token is never typed on a command line, not even in export or printf (other users and your
shell history would see it). Give it one of two ways:
  --token-file ~/.redcap-token      a file only you can read; make it by pasting the token into
                                    (umask 077 && cat > ~/.redcap-token)   then Enter and Ctrl-D
  REDCAP_API_TOKEN                  for one terminal: read -rs REDCAP_API_TOKEN && export REDCAP_API_TOKEN
                                    (paste the token, then Enter: it is neither shown nor kept)

Example:
  redcap-packets generate --roster roster.csv --token-file ~/.redcap-token \\
      --api-url https://redcap.example.edu/api/ --instrument baseline_survey

The roster is a CSV file with a record_id column, best saved as "CSV UTF-8". Commas, semicolons or
tabs are found from the header line (--delimiter , | ; | tab says which). Optional columns:
instrument, event, repeat_instance, language (en, es: picks the template letter.<language>.md).
Every other column (first_name, address_1, city, …) can be used by the template.

Roster columns named differently from the template's (a REDCap export has zip, street …)? Say which
column holds each name the template uses, instead of renaming the columns:
  --columns postal_code=zip,address_1=street
The template's name comes first, then your roster's column. record_id, instrument, event,
repeat_instance and language cannot be mapped (redcap-packets reads those itself): rename them in the
roster. --sort-by takes a roster column or a name --columns maps. In the settings file:
  "columns": { "postal_code": "zip", "address_1": "street" }

Paper and envelope window, instead of the template's:
  --paper letter | a4
  --envelope us10      US #10 window envelope
             din5008a  German DIN 5008 letter, form A (address field higher)
             din5008b  German DIN 5008 letter, form B (address field lower)
             dl        DL window envelope (110 x 220 mm)
             none      an envelope without a window
  e.g. --paper a4 --envelope din5008b   (settings file: "paper": "a4", "envelope": "din5008b")
Before a large mailing, check the window with the same choices:
  redcap-packets alignment --paper a4 --envelope din5008b

What each participant gets (--layout, or the template's layout:):
  letter    the mailing letter, the address in the envelope window (default)
  handout   the same packet with no address and no window; needs no address columns
  cards     a card per participant and survey, 10 to a sheet, with cut marks (needs only the name)
  labels    address labels (Avery 5160/8160 on Letter, L7160 on A4), in print order
  --start-at 4   on a part-used card or label sheet, start at position 4 (across, then down)
Check a new box of sheets first: redcap-packets alignment --layout cards --paper a4

What you get, in the run folder (default output/<roster name>/):
  letters/        one PDF per participant (file named by record id, never by name)
  print/          one merged PDF of the letters made in this run, for the printer
  manifest.csv    one line per roster row: ok, skipped or failed, and why

  codes/          the codes fetched, so a letter made again needs no request (private, like the letters)

Running again with the same roster makes only the letters that are missing, with the same codes.
To replace a lost letter: --records 0042 --force (it says it replaces an earlier letter),
or: redcap-packets reprint --out <run folder> 0042 (the folder's own settings, no request).
Fixed the template before mailing: --rerender (every letter again, as first letters, no request).
Participants who already completed the survey are skipped (--include-completed makes theirs too).
Exit codes: 0 all ok or skipped; 1 some rows failed; 2 nothing was fetched (fix the set-up first);
3 the server stopped the run (IP ban or revoked token).
`;

export const ALIGNMENT_HELP = `
Give the same --template, --paper and --envelope as for generate (a settings file is read as
generate reads it), so the page shows the window of the letters you will print.
Example:
  redcap-packets alignment --paper a4 --envelope din5008b --out output/din-test.pdf
For cards or labels, the page outlines and numbers every position of the sheet instead:
  redcap-packets alignment --layout labels --paper letter
`;

export const SIMULATE_HELP = `
Serves the REDCap API on 127.0.0.1 as a real REDCap 15 server answers it, from a project
description file, until you press Ctrl-C. It bans your IP (for the life of the simulator) past
--ban-threshold, like a real server: use it to rehearse a large mailing safely.
Example:
  redcap-packets simulate --port 8080 --latency 50ms --faults flaky
`;

export const REPRINT_HELP = `
Makes those records' packets again with the settings of the run that made them (the run folder's
run.json) and the codes the folder keeps: no REDCap request, no token needed. The new letters say
they replace an earlier one (the codes are the same: REDCap cannot revoke a code). They go into a
print file of their own; the command prints its path.
Example:
  redcap-packets reprint --out output/roster 0042 0043
A record whose codes the folder does not keep is fetched, with the token from REDCAP_API_TOKEN or
--token-file.
`;
