export * from './formats';
export * from './limits';
export * from './names';
export * from './visibility';
export * from './coverage';
