export * from './port/event-store.port';
export * from './port/errors';
export * from './port/position';
export * from './port/event-type-registry';
export * from './port/hash-chain';
export * from './sql';
export * from './esdb';
