export * from './money';
export * from './campaign/terms';
export * from './campaign/validate-terms';
export * from './pricing';
