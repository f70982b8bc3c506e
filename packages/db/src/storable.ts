/** Text a Postgres `text` column can hold: Postgres refuses the NUL character in it. */
export const isStorableText = (text: string) => !text.includes("\0");
