CREATE TABLE "installations" (
	"team_id" text PRIMARY KEY NOT NULL,
	"enterprise_id" text,
	"app_id" text,
	"bot_id" text,
	"bot_user_id" text,
	"bot_scopes" text DEFAULT '' NOT NULL,
	"bot_token_enc" text,
	"bot_refresh_token_enc" text,
	"bot_expires_at" timestamp with time zone,
	"installer_user_id" text,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uninstalled_at" timestamp with time zone,
	"revoked_token_sha256" text
);
