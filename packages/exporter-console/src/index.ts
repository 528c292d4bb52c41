export { ConsoleMetricExporter } from './console-exporter.js';
export type { ConsoleMetricExporterOptions, OutputStream } from './console-exporter.js';
export { renderJsonLines } from './json-lines.js';
export { renderTable } from './table.js';
export { ansi, plain, useColors } from './colors.js';
export type { Palette } from './colors.js';
