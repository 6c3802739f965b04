import { ddsCorpus } from './corpus/dds';
import { describeCorpus } from './suite';

describeCorpus('dds under the bad-input corpus', ['dds'], ddsCorpus());
