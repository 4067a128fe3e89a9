export * from './money';
export * from './campaign/terms';
export * from './pricing/reason-codes';
export * from './pricing/pricing.types';
