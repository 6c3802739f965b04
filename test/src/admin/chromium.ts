import { existsSync } from 'node:fs';

/** Debian's chromium package (apt-get install -y chromium); the tests skip without it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, and nothing that would reach beyond loopback (updates, sync, QUIC probes). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH);
