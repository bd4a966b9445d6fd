// Route contracts of this area (see branches.ts for the pattern).
export {};
