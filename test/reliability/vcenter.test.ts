import { vcenterCases } from './corpus/vcenter';
import { describeCorpus } from './suite';

describeCorpus('vcenter under the bad-input corpus', ['vcenter'], vcenterCases());
