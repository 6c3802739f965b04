import '../src/jest/setup';
