-- AlterTable
ALTER TABLE "ReporterToken" ADD COLUMN     "kinds" TEXT,
ADD COLUMN     "protocols" TEXT;

