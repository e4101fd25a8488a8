import type { IncomingMessage } from 'node:http';

export declare const PERMISSIONS_POLICY: string;
export declare const COMMON_SECURITY_HEADERS: Readonly<Record<'X-Content-Type-Options' | 'Referrer-Policy' | 'X-Frame-Options' | 'Permissions-Policy', string>>;
export declare const API_CONTENT_SECURITY_POLICY: string;
export declare const SVG_CARD_CONTENT_SECURITY_POLICY: string;
export declare const SECURITY_HEADERS: Readonly<Record<keyof typeof COMMON_SECURITY_HEADERS | 'Content-Security-Policy', string>>;
export declare function createNonce(): string;
export declare function pageContentSecurityPolicy(nonce: string, options?: { dev?: boolean }): string;
export declare const STRICT_TRANSPORT_SECURITY: string;
export declare function isHttpsRequest(parts: { encrypted?: boolean; peer?: string | null; forwardedProto?: string | null }): boolean;
export declare function strictTransportSecurityOfHeaders(headers: { get(name: string): string | null }): string | null;
export declare function strictTransportSecurityOfNodeRequest(req: IncomingMessage): string | null;
