/** The cache folder: `$BACKUP_MOCKS_CACHE` when set and not empty, else `<tmp>/backup-mocks-<uid>`. */
export function cacheDir(): string;
/** The cache folder, made 0700 if missing; undefined when it is not a folder of this user's alone. */
export function privateCacheDir(): string | undefined;
/** Write `dir/name` with mode 0600, atomically; false when it could not be written. */
export function writePrivate(dir: string, name: string, data: string | Uint8Array): boolean;
