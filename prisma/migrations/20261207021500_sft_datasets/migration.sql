-- Uploaded prompt/response JSON Lines files that SFT jobs can train on (issue 12, item 1).
-- CreateTable
CREATE TABLE "SftDataset" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "examples" INTEGER NOT NULL,
    "prompts" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SftDataset_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SftDataset_projectId_idx" ON "SftDataset"("projectId");

-- CreateIndex
CREATE INDEX "SftDataset_createdById_idx" ON "SftDataset"("createdById");

-- AddForeignKey
ALTER TABLE "SftDataset" ADD CONSTRAINT "SftDataset_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SftDataset" ADD CONSTRAINT "SftDataset_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
