/**
 * Name of the performance mark the workspace sets each time an image has been displayed (its element
 * loaded the verified bytes). Cheap; it lets `pnpm --filter @crowdlabel/web bench` time a label
 * keypress to the next image in a real browser.
 */
export const IMAGE_DISPLAYED_MARK = "crowdlabel:image-displayed";
