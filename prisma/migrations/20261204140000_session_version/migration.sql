-- Issue 8 (hardening), items 10 and 11: a session version on the user (sign-out, password reset or
-- change and deactivation end every session of that user), and failed password checks for throttling.
-- Written by hand (other migrations are added in parallel); matches prisma/schema/users.prisma.

-- AlterTable
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "AuthFailure" (
    "id" BIGSERIAL NOT NULL,
    "account" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuthFailure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuthFailure_account_at_idx" ON "AuthFailure"("account", "at");

-- CreateIndex
CREATE INDEX "AuthFailure_address_at_idx" ON "AuthFailure"("address", "at");

-- CreateIndex
CREATE INDEX "AuthFailure_at_idx" ON "AuthFailure"("at");
