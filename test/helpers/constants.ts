/** The application role the test databases are migrated with (the production default). */
export const TEST_APP_ROLE = "portcullis_app";
