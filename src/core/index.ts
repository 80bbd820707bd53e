/**
 * The pure domain core of Pipeline Sheets. Adapters import from here only.
 */
export * from './types';
export * from './a1';
// The custom functions' shared bodies, as one namespace: their names (weightedFormula…) are the adapters' to wrap.
export * as formulas from './formulas';
export type { FormulaHost } from './formulas';
export * from './cells';
export * from './amount-currency';
export * from './dates';
export * from './headers';
export * from './stages';
export * from './deals';
export * from './history';
export * from './history-index';
export * from './moves';
export * from './forecast';
export * from './conversion';
export * from './outcomes';
export * from './time-in-stage';
export * from './stale';
export * from './digest';
export * from './i18n';
export * from './presets';
export * from './random';
export * from './calibration';
export * from './forecast-range';
export * from './snapshots';
export * from './backtest';
export * from './rotting-suggest';
export * from './crm/index';
export * from './stages-infer';
export * from './crm/mapping';
export * from './won-metrics';
export * from './currency';
