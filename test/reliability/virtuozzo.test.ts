import { virtuozzoCases } from './corpus/virtuozzo';
import { describeCorpus } from './suite';

// No write gap: the corpus sends hundreds of packets, and the gap (25 ms a packet, for clients
// that read one packet per read) would make it wait seconds for nothing it checks.
describeCorpus('virtuozzo under the bad-input corpus', ['virtuozzo'], virtuozzoCases(), { scenario: { vendors: { virtuozzo: { writeGap: '0' } } } });
