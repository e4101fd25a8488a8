# Nowline as a container: the standalone Next.js build behind scripts/server.js, migrations applied at start.
#   docker build -t nowline .
#   docker run -p 3000:3000 -v nowline-data:/app/data nowline          (SQLite in the volume)
#   docker run -p 3000:3000 -e DATABASE_URL=postgresql://… nowline      (PostgreSQL)
# scripts/check-standalone.js assembles the same layout from this file's COPY lines, without Docker,
# runs this CMD and checks that it serves.

# ---- build ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/*
# Prisma runs with its JavaScript engine and driver adapters: no native engines to download.
ENV PRISMA_QUERY_ENGINE_LIBRARY=/dev/null \
    PRISMA_SCHEMA_ENGINE_BINARY=/dev/null \
    NEXT_TELEMETRY_DISABLED=1
# What `npm install` needs (its postinstall generates both Prisma clients), in its own layer.
COPY package.json package-lock.json prisma.config.ts ./
COPY lib/database-url.js lib/database-url.js
COPY prisma prisma
RUN npm install --no-audit --no-fund
COPY . .
RUN NOWLINE_STANDALONE=1 NOWLINE_DIST_DIR=.next npm run build \
  && node scripts/collect-migrate-deps.js /migrate

# ---- run ----
FROM node:20-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATABASE_URL=file:/app/data/nowline.db \
    PRISMA_QUERY_ENGINE_LIBRARY=/dev/null \
    PRISMA_SCHEMA_ENGINE_BINARY=/dev/null
# The server and the modules it traced, then the static files it does not copy itself.
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
COPY --from=build --chown=node:node /app/public ./public
# What `prisma migrate deploy` needs at start: schemas, migrations, config and the CLI.
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/prisma.config.ts ./prisma.config.ts
COPY --from=build --chown=node:node /app/lib/database-url.js ./lib/database-url.js
COPY --from=build --chown=node:node /app/lib/client-address.js ./lib/client-address.js
COPY --from=build --chown=node:node /app/lib/server-timeouts.js ./lib/server-timeouts.js
COPY --from=build --chown=node:node /app/scripts/start.js ./scripts/start.js
COPY --from=build --chown=node:node /app/scripts/build-fingerprint.js ./scripts/build-fingerprint.js
COPY --from=build --chown=node:node /app/scripts/prepare-db.js ./scripts/prepare-db.js
COPY --from=build --chown=node:node /app/scripts/server.js ./scripts/server.js
COPY --from=build --chown=node:node /migrate/node_modules ./node_modules
RUN mkdir -p /app/data && chown node:node /app/data
# The SQLite database (and nothing else) lives here; unused with PostgreSQL.
VOLUME /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# The same start-up as `npm start`, without the build step (the image is prebuilt): migrate whichever
# database DATABASE_URL names, then serve with scripts/server.js, which answers the live stream and
# ingest on node:http and the rest with Next. start.js passes SIGTERM on and exits with the server.
CMD ["node", "scripts/start.js", "--no-build"]
