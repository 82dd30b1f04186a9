// manifest.csv and history.csv are opened in spreadsheets. A cell that starts with = + - @ (or a tab
// or carriage return before one) is run there as a formula: a record id typed as =HYPERLINK(…) in a
// roster would become a link or a command on the coordinator's machine (OWASP "CSV injection"). Such a
// cell is written with a leading apostrophe, which spreadsheets show as text. A cell that starts with
// an apostrophe gets one more, so reading the files back undoes exactly what writing did.

const NEEDS_APOSTROPHE = /^['=+\-@\t\r]/;

/** The cell as written to a CSV file that people open in a spreadsheet. */
export function spreadsheetCell(cell: string): string {
  return NEEDS_APOSTROPHE.test(cell) ? `'${cell}` : cell;
}

/** The cell as it was before `spreadsheetCell`. */
export function cellFromSpreadsheet(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}
