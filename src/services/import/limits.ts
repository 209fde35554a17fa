// Limits on what an import may ask of the server; each has its own message for the user.
import os from 'node:os';

/** Largest file accepted, bytes (an upload or a file given to the command line). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Files in one upload: one CSV per table, or a workbook. */
export const MAX_FILES = 3;
/** Data rows across all tables of one import. */
export const MAX_ROWS = 50_000;
/**
 * Cells in one CSV file or workbook. The widest table has 16 columns, so MAX_ROWS full rows are
 * 800,000 cells; the reader stops counting (and reading) at the first cell beyond this.
 */
export const MAX_CELLS = 1_000_000;
/** Total uncompressed size of an XLSX's parts (a zip bomb is refused before the workbook is read). */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024;
/** Parts inside an XLSX; a real workbook has a few dozen. */
export const MAX_XLSX_ENTRIES = 2_000;
/** Columns in a sheet or CSV; the widest table has 16. */
export const MAX_COLUMNS = 100;
/**
 * Uploads read at once, each in its own worker thread: one core stays free for the main thread, which
 * answers every other request. More wait in a queue of MAX_WAITING_READS, then are refused.
 */
export const MAX_PARALLEL_READS = Math.max(1, Math.min(2, os.availableParallelism() - 1));
export const MAX_WAITING_READS = 8;
/** A read that takes longer than this is stopped and refused (the largest legitimate workbook takes ~10 s). */
export const READ_TIMEOUT_MS = 120_000;

export const MB = 1024 * 1024;
