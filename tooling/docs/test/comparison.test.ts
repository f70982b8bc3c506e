import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { apps, concerns, readRegions, renderComparison } from "../src/comparison.ts";
import { renderMigration } from "../src/migration.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));

describe("docs/comparison.md", () => {
  it("is what `pnpm docs:compare` generates from the apps as they are", () => {
    expect(readFileSync(`${root}/docs/comparison.md`, "utf8")).toBe(renderComparison(root));
  });

  const servesPages = (dir: string) =>
    JSON.parse(readFileSync(`${root}/apps/${dir}/package.json`, "utf8")).conformance?.pages ===
    true;

  it("has every concern marked in every app that has it", () => {
    for (const app of apps) {
      const regions = readRegions(root, app.dir);
      for (const concern of concerns) {
        const expected =
          concern.only === undefined || (concern.only === "pages") === servesPages(app.dir);
        expect(regions.has(concern.id), `${app.dir} marks ${concern.id}`).toBe(expected);
      }
    }
  });

  it("points each excerpt at the lines it was cut from", () => {
    for (const app of apps) {
      for (const [, regions] of readRegions(root, app.dir)) {
        for (const region of regions) {
          const lines = readFileSync(`${root}/${region.file}`, "utf8").split("\n");
          const cut = lines.slice(region.startLine - 1, region.endLine).join("\n");
          expect(cut.replace(/^\s+/gm, "")).toBe(region.code.replace(/^\s+/gm, ""));
        }
      }
    }
  });
});

describe("docs/remix-to-react-router.md", () => {
  it("is what `pnpm docs:compare` generates from the two apps as they are", () => {
    expect(readFileSync(`${root}/docs/remix-to-react-router.md`, "utf8")).toBe(
      renderMigration(root),
    );
  });

  it("shows every concern in both apps", () => {
    const page = renderMigration(root);
    for (const concern of concerns.filter(({ only }) => only !== "api")) {
      const section = page.split(`## ${concern.title}\n`)[1]?.split("\n## ")[0] ?? "";
      expect(section, concern.id).toMatch(/### Remix\n\n\[apps\/remix\//);
      expect(section, concern.id).toMatch(/### React Router\n\n\[apps\/react-router\//);
    }
  });
});
