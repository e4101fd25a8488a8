// The link-preview card (1200×630), drawn by next/og: flexbox and inline styles only, and every
// element with more than one child needs display: flex. Light, big text, the live kind as a label.

export interface OgCardProps {
  name: string;
  /** A data URL, or null for initials. */
  avatar: string | null;
  initials: string;
  live: boolean;
  label: string;
  text: string;
  /** The site's host, shown at the bottom ("ada.example"). */
  host: string;
  fontFamily: string;
}

export const OG_CARD_SIZE = { width: 1200, height: 630 } as const;

export function OgCard({ name, avatar, initials, live, label, text, host, fontFamily }: OgCardProps) {
  const textSize = text.length > 80 ? 52 : text.length > 40 ? 64 : 76;
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        width: '100%',
        height: '100%',
        padding: '64px 72px',
        background: 'linear-gradient(135deg, #ffffff 0%, #f4f4f5 100%)',
        color: '#18181b',
        fontFamily,
        borderLeft: '16px solid #6366f1',
      }}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 28 }}>
        {avatar ? (
          // eslint-disable-next-line @next/next/no-img-element -- drawn by next/og, not a page
          <img src={avatar} alt="" width={112} height={112} style={{ borderRadius: 9999, objectFit: 'cover' }} />
        ) : (
          <div
            style={{
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              width: 112,
              height: 112,
              borderRadius: 9999,
              background: 'linear-gradient(135deg, #6366f1, #ec4899)',
              color: '#ffffff',
              fontSize: 48,
              fontWeight: 700,
            }}
          >
            {initials}
          </div>
        )}
        <div style={{ display: 'flex', fontSize: 48, fontWeight: 700, letterSpacing: -1 }}>{name}</div>
      </div>
      <div style={{ display: 'flex', flexDirection: 'column', justifyContent: 'center', flexGrow: 1, gap: 24 }}>
        <div style={{ display: 'flex' }}>
          <div
            style={{
              display: 'flex',
              alignItems: 'center',
              gap: 14,
              padding: '10px 24px',
              borderRadius: 9999,
              background: live ? '#eef2ff' : '#f4f4f5',
              color: live ? '#4338ca' : '#52525b',
              fontSize: 28,
              fontWeight: 700,
              letterSpacing: 2,
              textTransform: 'uppercase',
            }}
          >
            <div style={{ display: 'flex', width: 16, height: 16, borderRadius: 9999, background: live ? '#10b981' : '#a1a1aa' }} />
            {label}
          </div>
        </div>
        <div style={{ display: 'flex', fontSize: textSize, fontWeight: 700, lineHeight: 1.15, letterSpacing: -1.5 }}>{text}</div>
      </div>
      <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 28, color: '#52525b' }}>
        <div style={{ display: 'flex' }}>{live ? 'Right now' : 'Now'}</div>
        <div style={{ display: 'flex' }}>{host}</div>
      </div>
    </div>
  );
}
