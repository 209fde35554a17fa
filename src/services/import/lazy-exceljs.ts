// exceljs takes half a second or more to load here, a third of the server's start, and only XLSX
// imports and exports use it: it is loaded at its first use instead of at every start and every CLI
// command. A plain require, so that both tsc's and the tests' CommonJS output keep it lazy.
import type ExcelJS from 'exceljs';

export type { ExcelJS };

export const loadExcelJs = (): typeof ExcelJS => require('exceljs') as typeof ExcelJS;
