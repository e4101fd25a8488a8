// PostgreSQL LISTEN/NOTIFY between instances: the full implementation comes with multi-instance support.
type OnRemoteChange = (version: number | null) => Promise<void>;

export async function startPgListener(_onChange: OnRemoteChange): Promise<void> {}

export async function notifyPg(_version: number | null): Promise<void> {}
