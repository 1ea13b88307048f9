/**
 * Imports of program files: partners (CSV or GeoJSON), monthly service records, population
 * estimates and jurisdiction corrections. See README.md for the formats and rules.
 */
export { previewImport, commitImport, undoImport, safeFileName } from './pipeline';
export type { ImportRequest, ImportPreview, ImportPlan, ImportCounts, CommitResult, UndoResult, RowError, Progress } from './pipeline';
export { ImportError, importMessages, message } from './messages';
export { decodeBytes, type Encoding } from './decode';
export { DATASETS, type DatasetId } from './types';
export { PARTNER_COLUMNS } from './partners';
export { SERVICE_COLUMNS } from './services';
export { POPULATION_COLUMNS } from './population';
export { JURISDICTION_COLUMNS } from './jurisdictions';
