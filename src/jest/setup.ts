/** Jest `setupFilesAfterEnv` entry: registers backup-mocks matchers. */
import { matchers } from './matchers';

expect.extend(matchers as unknown as jest.ExpectExtendMap);
