/**
 * Every listener's default port and its offset under `--port-base N` (port = N + offset).
 * Vendors declare their own listeners; this table is the one place that keeps them apart.
 *
 * | listener            | default | offset |
 * |---------------------|---------|--------|
 * | admin API           | 8399    | 0      |
 * | commvault http      | 8400    | 1      |
 * | metallic http       | 8401    | 2      |
 * | dds http            | 8402    | 3      |
 * | virtuozzo http      | 8403    | 4      |
 * | commvault https     | 8404    | 5      |
 * | metallic https      | 8405    | 6      |
 * | vcenter https       | 8443    | 44     |
 * | vcenter http        | 8480    | 81     |
 * | virtuozzo tcp       | 4433    | 90     |
 * | virtuozzo tls       | 4434    | 91     |
 */
export const ADMIN_LISTENER = { defaultPort: 8399, offset: 0 } as const;
