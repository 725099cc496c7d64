/** The suite's PostgreSQL: its server URL and the migrated template each test file's database is copied from. */
export interface TestDbInfo {
  url: string;
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: TestDbInfo;
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
