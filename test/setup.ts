import '../src/jest/setup';
import { removeTempDirs } from './tmp';

afterAll(removeTempDirs);
