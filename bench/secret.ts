// The signing secret both sides of the ack bench use.
export const BENCH_SECRET = 'bench-secret';
