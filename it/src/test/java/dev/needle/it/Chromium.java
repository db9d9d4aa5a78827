package dev.needle.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * Debian's Chromium through Playwright, headless; Playwright never downloads a browser (web's test helper does the
 * same, but it/ runs the packaged app and cannot use web's test classes). Screenshots go to
 * {@code target/screenshots/}.
 */
final class Chromium implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path EXECUTABLE = Path.of(System.getProperty("needle.chromium", "/usr/bin/chromium"));

    private final Playwright playwright;
    private final Browser browser;

    Chromium() {
        if (!Files.isExecutable(EXECUTABLE))
            throw new IllegalStateException("browser tests need Chromium at " + EXECUTABLE
                    + ": apt-get install chromium (./test does)");
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    /** A fresh context: no cookies, nobody logged in anywhere. */
    Page anonymous() {
        Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)).newPage();
        page.setDefaultTimeout(30_000);
        return page;
    }

    static Path screenshot(Page page, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
