export declare const SECURITY_HEADERS: Readonly<Record<'X-Content-Type-Options' | 'Referrer-Policy' | 'X-Frame-Options', string>>;
