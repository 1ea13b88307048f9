CREATE TABLE "scenarios" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"params" jsonb NOT NULL,
	"sites" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"created_by" text DEFAULT 'public' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scenarios_name_check" CHECK (length(trim("scenarios"."name")) between 1 and 120)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "scenarios_name_idx" ON "scenarios" USING btree ("name");