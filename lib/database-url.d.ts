export declare const DEFAULT_DATABASE_URL: string;
export declare function parseDatabaseUrl(
  url?: string,
): { provider: 'sqlite'; file: string } | { provider: 'postgresql'; url: string };
export declare function postgresConfig(url: string): {
  host: string;
  port: number;
  user?: string;
  password?: string;
  database?: string;
  ssl?: { rejectUnauthorized: boolean };
};
