-- AlterTable
ALTER TABLE "ReporterToken" ADD COLUMN "kinds" TEXT;
ALTER TABLE "ReporterToken" ADD COLUMN "protocols" TEXT;

