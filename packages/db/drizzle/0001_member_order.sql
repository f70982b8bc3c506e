ALTER TABLE "organization_memberships" ADD COLUMN "member_order" text DEFAULT '1' NOT NULL;--> statement-breakpoint
CREATE INDEX "organization_memberships_member_order_idx" ON "organization_memberships" USING btree ("organization_id","member_order" collate "C","user_id" collate "C") WHERE "organization_memberships"."deleted_at" is null;--> statement-breakpoint
-- Rows synced before this column existed: the same key that memberOrderOf in src/members.ts computes.
UPDATE "organization_memberships" SET "member_order" = coalesce('0' || lower(coalesce(nullif(trim(coalesce("users"."first_name", '') || ' ' || coalesce("users"."last_name", '')), ''), nullif("users"."username", ''))), '1') FROM "users" WHERE "users"."clerk_id" = "organization_memberships"."user_id";
