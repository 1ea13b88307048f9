CREATE TYPE "public"."area_level" AS ENUM('state', 'county', 'zcta', 'tract');--> statement-breakpoint
CREATE TYPE "public"."assignment_basis" AS ENUM('whole_state', 'listed', 'nearest', 'longitude_rank', 'admin');--> statement-breakpoint
CREATE TYPE "public"."channel" AS ENUM('desk', 'health_week_fair', 'mobile_unit');--> statement-breakpoint
CREATE TYPE "public"."data_kind" AS ENUM('measured', 'modelled', 'demo');--> statement-breakpoint
CREATE TYPE "public"."indicator" AS ENUM('total_population', 'mexico_born', 'mexican_origin', 'uninsured', 'uninsured_universe', 'uninsured_mexican_origin', 'lep_spanish', 'lep_universe', 'poverty', 'poverty_universe');--> statement-breakpoint
CREATE TYPE "public"."partner_type" AS ENUM('clinic', 'community_health_center', 'hospital', 'university', 'public_health_department', 'community_organization', 'mobile_unit', 'other');--> statement-breakpoint
CREATE TYPE "public"."service_type" AS ENUM('information_counselling', 'glucose', 'blood_pressure', 'bmi', 'vision', 'hiv_test', 'vaccination', 'referral', 'insurance_enrolment', 'mental_health');--> statement-breakpoint
CREATE TABLE "areas" (
	"level" "area_level" NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"state_fips" text NOT NULL,
	"state" text NOT NULL,
	"geom" geometry(MultiPolygon,4326),
	"point" geometry(Point,4326),
	"land_area_km2" double precision,
	"batch_id" integer,
	CONSTRAINT "areas_level_code_pk" PRIMARY KEY("level","code")
);
--> statement-breakpoint
CREATE TABLE "consulates" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"city" text NOT NULL,
	"state" text NOT NULL,
	"address" text,
	"geom" geometry(Point,4326) NOT NULL,
	"coord_precision" text NOT NULL,
	"border" boolean NOT NULL,
	"jurisdiction_states" text[] NOT NULL,
	"jurisdiction_note" text,
	"sources" text,
	"confidence" text,
	"opened_on" date,
	"batch_id" integer
);
--> statement-breakpoint
CREATE TABLE "context_shapes" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"geom" geometry(MultiPolygon,4326) NOT NULL,
	"batch_id" integer
);
--> statement-breakpoint
CREATE TABLE "county_assignments" (
	"county_fips" text NOT NULL,
	"valid_from" date NOT NULL,
	"consulate_id" text NOT NULL,
	"basis" "assignment_basis" NOT NULL,
	"approximate" boolean NOT NULL,
	"note" text,
	"batch_id" integer,
	CONSTRAINT "county_assignments_county_fips_valid_from_pk" PRIMARY KEY("county_fips","valid_from")
);
--> statement-breakpoint
CREATE TABLE "import_batches" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset" text NOT NULL,
	"title" text NOT NULL,
	"origin" text NOT NULL,
	"file_sha256" text,
	"source" text NOT NULL,
	"license" text,
	"vintage" text NOT NULL,
	"kind" "data_kind" NOT NULL,
	"row_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"id" serial PRIMARY KEY NOT NULL,
	"source_key" text NOT NULL,
	"name" text NOT NULL,
	"type" "partner_type" NOT NULL,
	"consulate_id" text NOT NULL,
	"address" text,
	"city" text,
	"state" text,
	"zip" text,
	"geom" geometry(Point,4326) NOT NULL,
	"location_approximate" boolean DEFAULT false NOT NULL,
	"services" "service_type"[] NOT NULL,
	"capacity" integer,
	"active_from" date,
	"active_to" date,
	"kind" "data_kind" NOT NULL,
	"source" text NOT NULL,
	"batch_id" integer,
	CONSTRAINT "partners_capacity_check" CHECK ("partners"."capacity" IS NULL OR "partners"."capacity" >= 0),
	CONSTRAINT "partners_active_check" CHECK ("partners"."active_to" IS NULL OR "partners"."active_from" IS NULL OR "partners"."active_to" >= "partners"."active_from")
);
--> statement-breakpoint
CREATE TABLE "places" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"state" text NOT NULL,
	"population" integer NOT NULL,
	"geom" geometry(Point,4326) NOT NULL,
	"county_fips" text,
	"batch_id" integer
);
--> statement-breakpoint
CREATE TABLE "population_estimates" (
	"id" serial PRIMARY KEY NOT NULL,
	"level" "area_level" NOT NULL,
	"code" text NOT NULL,
	"indicator" "indicator" NOT NULL,
	"value" double precision NOT NULL,
	"moe" double precision,
	"vintage" text NOT NULL,
	"source" text NOT NULL,
	"kind" "data_kind" NOT NULL,
	"method" text,
	"batch_id" integer,
	CONSTRAINT "population_estimates_value_check" CHECK ("population_estimates"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "service_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"month" date NOT NULL,
	"consulate_id" text NOT NULL,
	"partner_id" integer,
	"channel" "channel" NOT NULL,
	"service_type" "service_type" NOT NULL,
	"people_served" integer NOT NULL,
	"services_delivered" integer NOT NULL,
	"women" integer,
	"men" integer,
	"pregnant_women" integer,
	"children" integer,
	"lgbtq" integer,
	"kind" "data_kind" NOT NULL,
	"source" text NOT NULL,
	"batch_id" integer,
	CONSTRAINT "service_records_key" UNIQUE NULLS NOT DISTINCT("kind","month","consulate_id","partner_id","channel","service_type"),
	CONSTRAINT "service_records_month_check" CHECK (extract(day from "service_records"."month") = 1),
	CONSTRAINT "service_records_counts_check" CHECK ("service_records"."people_served" >= 0 AND "service_records"."services_delivered" >= 0 AND coalesce("service_records"."women", 0) >= 0 AND coalesce("service_records"."men", 0) >= 0 AND coalesce("service_records"."pregnant_women", 0) >= 0 AND coalesce("service_records"."children", 0) >= 0 AND coalesce("service_records"."lgbtq", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "zcta_counties" (
	"zcta" text NOT NULL,
	"county_fips" text NOT NULL,
	"weight_pct" double precision NOT NULL,
	CONSTRAINT "zcta_counties_zcta_county_fips_pk" PRIMARY KEY("zcta","county_fips")
);
--> statement-breakpoint
ALTER TABLE "areas" ADD CONSTRAINT "areas_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consulates" ADD CONSTRAINT "consulates_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "context_shapes" ADD CONSTRAINT "context_shapes_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "county_assignments" ADD CONSTRAINT "county_assignments_consulate_id_consulates_id_fk" FOREIGN KEY ("consulate_id") REFERENCES "public"."consulates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "county_assignments" ADD CONSTRAINT "county_assignments_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partners" ADD CONSTRAINT "partners_consulate_id_consulates_id_fk" FOREIGN KEY ("consulate_id") REFERENCES "public"."consulates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partners" ADD CONSTRAINT "partners_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_estimates" ADD CONSTRAINT "population_estimates_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_records" ADD CONSTRAINT "service_records_consulate_id_consulates_id_fk" FOREIGN KEY ("consulate_id") REFERENCES "public"."consulates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_records" ADD CONSTRAINT "service_records_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_records" ADD CONSTRAINT "service_records_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "areas_geom_idx" ON "areas" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "areas_point_idx" ON "areas" USING gist ("point");--> statement-breakpoint
CREATE INDEX "areas_state_idx" ON "areas" USING btree ("level","state_fips");--> statement-breakpoint
CREATE INDEX "consulates_geom_idx" ON "consulates" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "county_assignments_consulate_idx" ON "county_assignments" USING btree ("consulate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partners_source_key_idx" ON "partners" USING btree ("kind","source_key");--> statement-breakpoint
CREATE INDEX "partners_geom_idx" ON "partners" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "partners_consulate_idx" ON "partners" USING btree ("consulate_id");--> statement-breakpoint
CREATE INDEX "places_geom_idx" ON "places" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "places_county_idx" ON "places" USING btree ("county_fips");--> statement-breakpoint
CREATE UNIQUE INDEX "population_estimates_key_idx" ON "population_estimates" USING btree ("level","code","indicator","kind","vintage");--> statement-breakpoint
CREATE INDEX "population_estimates_lookup_idx" ON "population_estimates" USING btree ("indicator","level");--> statement-breakpoint
CREATE INDEX "service_records_month_idx" ON "service_records" USING btree ("month");--> statement-breakpoint
CREATE INDEX "service_records_partner_idx" ON "service_records" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "zcta_counties_county_idx" ON "zcta_counties" USING btree ("county_fips");