package dev.needle.web.browser;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * Debian's Chromium driven by Playwright, as a person would use the dashboard. Playwright never downloads a browser
 * here: the machine has none to fetch from, and Debian's is the one users run. Screenshots are kept under
 * {@code target/screenshots/} as test output.
 */
public final class Browser implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CHROMIUM = System.getProperty("needle.chromium", "/usr/bin/chromium");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;
    private final String base;

    private Browser(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (!java.nio.file.Files.isExecutable(Path.of(CHROMIUM)))
            throw new IllegalStateException("browser tests need Chromium at " + CHROMIUM
                    + ": apt-get install chromium (./test does)");
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(CHROMIUM))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    public static Browser at(URL base) {
        return new Browser(base.toString());
    }

    public static Browser at(String base) {
        return new Browser(base);
    }

    /** A fresh browser context (its own cookies) with nobody logged in. */
    public Page anonymous() {
        Page page = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setBaseURL(base).setViewportSize(1280, 900)).newPage();
        page.setDefaultTimeout(30_000);
        return page;
    }

    /** A fresh context logged in through the built-in users' login form (user name = password). */
    public Page loggedIn(String user) {
        Page page = anonymous();
        page.navigate("/login");
        page.getByLabel("User").fill(user);
        page.getByLabel("Password").fill(user);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Log in")).click();
        page.waitForURL(url -> !url.contains("/login"));
        return page;
    }

    /** Saves a full-page screenshot as {@code target/screenshots/<name>.png} and returns its path. */
    public static Path screenshot(Page page, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Override
    public void close() {
        chromium.close();
        playwright.close();
    }
}
