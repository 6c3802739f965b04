import { commvaultCases } from './corpus/commvault';
import { describeCorpus } from './suite';

describeCorpus('commvault and metallic under the bad-input corpus', ['commvault', 'metallic'], commvaultCases());
