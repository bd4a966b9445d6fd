// Route contracts of this area are defined here (see branches.ts for the pattern).
export {};
