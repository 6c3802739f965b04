/**
 * The Virtuozzo sections of a scenario file: credentials (agent users), entities (hardware
 * nodes' environments, backup storage, stored backups) and vendor options (greeting mode,
 * error codes, packet and connection limits). README.md (Virtuozzo Agent) gives the reasons.
 */
import { z } from 'zod';
import type { VendorSchemas } from '../../src/vendor';
import { durationSchema } from '../../src/jobs/timeline-schema';
import { DEFAULT_ERROR_CODES, type ErrorName } from './errors';

const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a GUID such as 57c2cd6c-c02b-4645-bdb5-e883ea005896');

const userSchema = z
  .object({
    name: z.string().min(1).describe('login name, sent base64 by clients'),
    password: z.string().describe('password, sent base64 by clients'),
    realm: guid.default('00000000-0000-0000-0000-000000000000').describe('the system realm by default'),
  })
  .strict();

const credentialsSchema = z
  .union([userSchema, z.object({ users: z.array(userSchema).min(1) }).strict()])
  .describe('agent users: one {name, password} or {users: [...]}');
export type VirtuozzoCredentials = z.infer<typeof credentialsSchema>;

const environmentSchema = z
  .object({
    eid: guid,
    name: z.string().describe('the container name (e.g. Test-VE6)'),
    title: z.string().optional().describe('defaults to name'),
    hostname: z.string().optional(),
    ip: z.string().optional(),
    platform: z.string().default('Linux'),
    type: z.enum(['virtuozzo', 'parallels']).default('virtuozzo').describe('virtuozzo = container, parallels = VM'),
    parent: z.string().optional().describe('eid of the hardware node (defaults to the first node)'),
    state: z.number().int().default(6).describe('env_statusType state: 6 running, 3 stopped...'),
    size: z.number().int().nonnegative().optional().describe('bytes of a full uncompressed backup'),
  })
  .strict();

const nodeSchema = z.object({ eid: guid, title: z.string() }).strict();

const storageSchema = z
  .object({
    eid: guid,
    title: z.string().default('backup-storage'),
    address: z.string().default('127.0.0.1'),
    port: z.number().int().optional(),
    protocol: z.string().optional(),
  })
  .strict();

const seededBackupSchema = z
  .object({
    eid: guid,
    time: z
      .string()
      .refine((t) => Number.isFinite(Date.parse(t)), 'an ISO 8601 time such as 2025-12-31T22:00:00Z')
      .describe('ISO 8601; the id is <eid>/<yyyymmddhhmmss> of it'),
    type: z.number().int().min(0).max(2).default(0),
    size: z.number().int().nonnegative().optional(),
    description: z.string().optional(),
  })
  .strict();

const entitiesSchema = z
  .object({
    nodes: z.array(nodeSchema).optional().describe('hardware nodes (parents of environments)'),
    environments: z.array(environmentSchema).optional(),
    storage: storageSchema.optional(),
    backups: z.array(seededBackupSchema).optional().describe('backups already on the storage'),
  })
  .strict();
export type VirtuozzoEntities = z.infer<typeof entitiesSchema>;

const greetingMode = z.enum(['on', 'off', 'auto']);
export type GreetingMode = z.infer<typeof greetingMode>;

const optionsSchema = z.object({
  greeting: z
    .union([greetingMode, z.object({ tcp: greetingMode.optional(), tls: greetingMode.optional() }).strict()])
    .default('auto')
    .describe('on: greet every connection; off: never; auto: greet unless the client writes first within greetingWindow. One mode, or one per listener: {tcp: off, tls: on}'),
  greetingWindow: durationSchema
    .default('300ms')
    .describe('auto mode: real time to wait for a first write. VM::Virtuozzo writes ~220 ms after connecting; shorter greets it by mistake, longer delays every connector request'),
  maxPacketBytes: z.number().int().positive().default(1024 * 1024).describe('a longer packet is skipped and answered with error 7; the connection carries on'),
  writeGap: durationSchema
    .default('25ms')
    .describe('TCP: wall time kept between two packets to one connection, so a client that takes one packet per read (the Python connector) never gets two in one read; 0 disables'),
  idleTimeout: durationSchema
    .default('5m')
    .describe('TCP/TLS: wall time a connection may stay silent with nothing in flight before the agent ends it; 0 never'),
  sessionTimeout: durationSchema
    .default('30m')
    .describe('virtual time a sessionm session id stays valid after its last use (then it is purged)'),
  errorCodes: z
    .object(Object.fromEntries(Object.keys(DEFAULT_ERROR_CODES).map((k) => [k, z.number().int().optional()])) as Record<ErrorName, z.ZodOptional<z.ZodNumber>>)
    .strict()
    .optional()
    .describe('override the default error codes (README, Virtuozzo Agent: Error codes)'),
});
export type VirtuozzoOptions = z.infer<typeof optionsSchema>;

/** This vendor's scenario sections (its index.ts requires this module only to validate). */
export const schemas = { credentials: credentialsSchema, entities: entitiesSchema, options: optionsSchema } satisfies VendorSchemas;
