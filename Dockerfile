# syntax=docker/dockerfile:1
# Tessera's container image: `docker run tessera serve all` works like `docker run oryd/hydra serve all`,
# with the same environment variables (DSN, SECRETS_SYSTEM, URLS_SELF_ISSUER, URLS_LOGIN, ...), the
# same ports (4444 public, 4445 admin) and the CLI under both names (`--entrypoint hydra` works too).
# The same image runs the reference login/consent app: node dist/apps/login-consent/main.js.
# Usage: docs/containers.md.

ARG NODE_VERSION=22

# --- build: all dependencies (better-sqlite3 compiles from source when no prebuilt binary is
# reachable, hence the toolchain), the TypeScript build, then the dev dependencies pruned away.
FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own "prepare" (tsc) needs the sources, copied below; the one
# native dependency is built explicitly instead.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY . .
RUN npx tsc -p tsconfig.json \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime: production dependencies and the compiled server and app only, as a non-root user.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
RUN groupadd --system --gid 10000 tessera \
 && useradd --system --uid 10000 --gid tessera --home-dir /var/lib/tessera --create-home --shell /usr/sbin/nologin tessera
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/apps ./dist/apps
COPY --from=build /app/apps/login-consent/public ./apps/login-consent/public
RUN chmod 0755 dist/src/cli/main.js \
 && ln -s /app/dist/src/cli/main.js /usr/local/bin/tessera \
 && ln -s /app/dist/src/cli/main.js /usr/local/bin/hydra
# Numeric, so that orchestrators enforcing runAsNonRoot can check it. A SQLite file belongs in
# /var/lib/tessera (DSN=sqlite:///var/lib/tessera/db.sqlite?_fk=true), the user's writable home.
USER 10000:10000
EXPOSE 4444 4445
# Alive when either listener answers (serve public, admin or all), on the ports the environment
# sets. Plain HTTP on loopback: with TLS or a UNIX socket, override or disable it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const e=process.env;Promise.any([e.SERVE_PUBLIC_PORT||4444,e.SERVE_ADMIN_PORT||4445].map(p=>fetch('http://127.0.0.1:'+p+'/health/alive').then(r=>{if(!r.ok)throw r.status}))).then(()=>process.exit(0),()=>process.exit(1))"]
ENTRYPOINT ["tessera"]
CMD ["serve"]
