export declare function serverTimeouts(env?: Record<string, string | undefined>): {
  requestTimeout: number;
  headersTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
};
export declare function pathForLog(url?: string): string;
