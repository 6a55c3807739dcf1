package io.eventflow.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * What the page tour checks on each page, in the page itself: the layout (no sideways scroll, no controls on top of
 * each other or cut off, no field too narrow to read) and accessibility, by axe-core's WCAG 2.1 A and AA rules.
 * Each check answers with its findings as lines, so one run lists every offending page and element at once.
 */
final class PageChecks {

    /** The tags of the axe rules run: WCAG 2.0 and 2.1, levels A and AA. */
    private static final String AXE_TAGS = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']";

    /** A text field narrower than this shows "e.g. k" for "e.g. kotlin workshop" (the phone). */
    private static final int MIN_FIELD_WIDTH_PX = 120;

    private static final String LAYOUT = """
            const minField = arguments[0];
            const found = [];
            const root = document.documentElement;
            if (root.scrollWidth > window.innerWidth) {
              found.push('the page scrolls sideways: ' + root.scrollWidth + 'px wide in a ' + window.innerWidth + 'px window');
            }
            const name = el => {
              let s = el.tagName.toLowerCase();
              if (el.id) return s + '#' + el.id;
              if (el.name) s += '[name=' + el.name + ']';
              const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ');
              return s + (text ? ' "' + text.slice(0, 30) + '"' : '');
            };
            const scrolls = el => {
              for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                const x = getComputedStyle(p).overflowX;
                if (x === 'auto' || x === 'scroll') return true;
              }
              return false;
            };
            const controls = [...document.querySelectorAll('a, button, input, select, textarea, summary')].filter(el => {
              if (el.type === 'hidden' || !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
              const r = el.getBoundingClientRect();
              return r.width > 1 && r.height > 1; // a visually hidden label's 1px box is no control
            });
            for (const el of controls) {
              const r = el.getBoundingClientRect();
              if (!scrolls(el) && (r.left < -1 || r.right > window.innerWidth + 1)) {
                found.push(name(el) + ' is cut off at the side (' + Math.round(r.left) + '..' + Math.round(r.right) + 'px)');
              }
              const tag = el.tagName;
              const textual = tag === 'SELECT' || tag === 'TEXTAREA'
                  || (tag === 'INPUT' && !['checkbox', 'radio', 'file', 'submit', 'button', 'range', 'color'].includes(el.type));
              if (textual && r.width < minField) {
                found.push(name(el) + ' is squeezed to ' + Math.round(r.width) + 'px');
              }
              if ((tag === 'BUTTON' || el.getAttribute('role') === 'button') && el.scrollWidth > el.clientWidth + 1) {
                found.push(name(el) + ' cuts its label off');
              }
            }
            const boxes = controls.map(el => [...el.getClientRects()].filter(r => r.width > 1 && r.height > 1));
            const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
                && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
            for (let i = 0; i < controls.length; i++) {
              for (let j = i + 1; j < controls.length; j++) {
                const a = controls[i], b = controls[j];
                if (a.contains(b) || b.contains(a)) continue;
                const group = a.closest('[role=group], [role=search]'); // Pico draws a group's controls joined
                if (group && group === b.closest('[role=group], [role=search]')) continue;
                if (boxes[i].some(x => boxes[j].some(y => overlap(x, y)))) {
                  found.push(name(a) + ' overlaps ' + name(b));
                }
              }
            }
            return found;
            """;

    private static final String AXE_RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']})
              .then(result => done(result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.impact + ' ' + v.id + ' (' + v.help + '): '
                  + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ')
                  + (v.nodes.length > 5 ? ' and ' + (v.nodes.length - 5) + ' more' : ''))))
              .catch(e => done(['axe failed: ' + e]));
            """.formatted(AXE_TAGS);

    private final String axeScript = axeScript();

    /** Layout problems of the page as it is shown now. */
    List<String> layout(WebDriver browser) {
        return lines(((JavascriptExecutor) browser).executeScript(LAYOUT, MIN_FIELD_WIDTH_PX));
    }

    /** The serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it is shown now. */
    List<String> accessibility(WebDriver browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof axe === 'object';"))) {
            js.executeScript(axeScript);
        }
        return lines(js.executeAsyncScript(AXE_RUN));
    }

    private static List<String> lines(Object answer) {
        List<String> lines = new ArrayList<>();
        if (answer instanceof List<?> list) {
            list.forEach(line -> lines.add(String.valueOf(line)));
        } else if (answer instanceof Map<?, ?> map) {
            lines.add(map.toString());
        }
        return lines;
    }

    /** axe.min.js, as Deque's Selenium integration ships it on the test class path. */
    private static String axeScript() {
        try (InputStream in = PageChecks.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test class path (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
