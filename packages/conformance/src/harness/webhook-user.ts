import { randomUUID } from "node:crypto";

/**
 * A user for a check that sends its own deliveries: not created through the emulator, whose deliveries of it
 * would race the check's.
 */
export const aWebhookUser = (firstName: string) => ({
  id: `user_2conformance${randomUUID().replaceAll("-", "")}`,
  email: "webhook@example.com",
  firstName,
  lastName: null,
  username: null,
  imageUrl: null,
  createdAt: 1_750_000_000_000,
  updatedAt: 1_750_000_000_000,
});
