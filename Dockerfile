# backup-mocks as a container image: every vendor and the admin API, listening on 0.0.0.0.
#   docker build -t backup-mocks:0.1.0 .
#   docker run --rm -p 8399-8405:8399-8405 -p 8443:8443 -p 8480:8480 -p 4433-4434:4433-4434 backup-mocks:0.1.0
# Flags after the image name go to `backup-mocks serve` (e.g. --scenario vcenter-demo --clock manual),
# and so do those in $BACKUP_MOCKS_ARGS (a CI `services:` block can set env but no arguments).
# Keep the default ports inside (the health check asks 8399) and map them with -p.

# The package, built and packed the way README's tarball install makes it.
FROM node:20-bookworm-slim AS pack
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm pack --pack-destination /tmp && mv /tmp/backup-mocks-*.tgz /tmp/backup-mocks.tgz

# What runs: the packed package installed globally, with its dependencies and nothing else.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
COPY --from=pack /tmp/backup-mocks.tgz /tmp/backup-mocks.tgz
RUN npm install --global --no-audit --no-fund /tmp/backup-mocks.tgz \
 && rm /tmp/backup-mocks.tgz \
 && npm cache clean --force
USER node
WORKDIR /home/node
# admin API (the dashboard at /ui)
EXPOSE 8399
# Commvault CommServ http, https; Metallic http, https
EXPOSE 8400 8404 8401 8405
# Open Telekom Cloud DDS with its Keystone
EXPOSE 8402
# Virtuozzo HTTP streaming, TCP packets, TLS packets
EXPOSE 8403 4433 4434
# vCenter appliance https, http
EXPOSE 8443 8480
HEALTHCHECK --interval=2s --timeout=2s --start-period=10s --retries=15 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8399/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `backup-mocks` is the name clients use for the service (a CI service label, docker run --name,
# a compose service): the admin API answers that Host name, and the certificate covers it.
# exec: node is PID 1 and stops cleanly (exit 0) on docker stop's SIGTERM.
ENTRYPOINT ["/bin/sh", "-c", "exec backup-mocks serve --host 0.0.0.0 --admin-allow-host backup-mocks --tls-name backup-mocks $BACKUP_MOCKS_ARGS \"$@\"", "backup-mocks"]
