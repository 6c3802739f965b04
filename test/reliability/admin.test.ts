import { adminCases } from './corpus/admin';
import { describeCorpus } from './suite';

describeCorpus('the admin API under the bad-input corpus', ['vcenter'], adminCases(), { normal: ['admin', 'vcenter'] });
