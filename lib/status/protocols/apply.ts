// The last step every protocol route shares: resolve images, then go through the single write path.
import 'server-only';
import { parseJsonText, readBodyText } from '../../http';
import { ImageError, resolveImageUrl } from '../../images';
import { ingestReports } from '../ingest';
import { recordReport } from '../reports';
import { activityInputSchema, type Snapshot } from '../schema';
import { getSnapshot } from '../store';
import type { ParsedReport } from './shared';

export interface ApplyContext {
  protocol: string;
  tokenName: string;
  /** The reporter token's id: stored images count against its quota. */
  tokenId?: string;
  raw: unknown;
}

export interface ApplyResult {
  snapshot: Snapshot;
  /** What was dropped, as "field: reason". */
  warnings: string[];
  changed: boolean;
}

export async function applyReport(report: ParsedReport, context: ApplyContext): Promise<ApplyResult> {
  const warnings = [...report.warnings];
  const inputs = [...report.inputs];
  for (const image of report.images) {
    try {
      const url = await resolveImageUrl(image.value, { tokenId: context.tokenId });
      const parsed = activityInputSchema.safeParse({ ...inputs[image.input], [image.field]: url });
      if (parsed.success) inputs[image.input] = parsed.data;
      else warnings.push(`${image.label}: not a usable image URL; dropped`);
    } catch (error) {
      // A storage failure drops the image, not the report.
      const reason = error instanceof ImageError ? error.message : 'could not be stored';
      if (!(error instanceof ImageError)) console.error('[nowline] image store failed:', error instanceof Error ? error.message : String(error));
      warnings.push(`${image.label}: ${reason}; dropped`);
    }
  }
  const error = warnings.length ? warnings.join('; ') : undefined;
  const options = { protocol: context.protocol, tokenName: context.tokenName, raw: context.raw, error };
  if (inputs.length === 0) {
    recordReport({ ...options, published: [] });
    return { snapshot: await getSnapshot(), warnings, changed: false };
  }
  return { snapshot: await ingestReports(inputs, options), warnings, changed: true };
}

/** Reporters' bodies are JSON whatever Content-Type they declare; 413 when too large, 400 when malformed. */
export async function readProtocolJson(request: Request, limit: number): Promise<unknown> {
  return parseJsonText(await readBodyText(request, limit));
}
