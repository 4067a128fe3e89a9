/**
 * `any`: no check. `no_stream`: the stream must not exist (a soft-deleted stream counts as not
 * existing). `stream_exists`: it must exist. A bigint: the stream's last revision must be exactly
 * this (revisions start at 0).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;
