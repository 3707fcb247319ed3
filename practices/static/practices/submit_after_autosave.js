/*
 * On Wagtail's "add page" view, autosave creates the page in the background and then points
 * the form at the new page's edit view. A submit pressed while that request is under way
 * would post the form to the "add" view a second time and leave a second copy of the page.
 * Such a submit waits here until the autosave has answered, then goes where the form points;
 * once a submit is on its way, no autosave starts.
 */
(() => {
  const form = document.querySelector('form[data-controller~="w-autosave"]');
  if (!form) return;

  let autosaving = false;
  let waitingSubmit = null; // {submitter} of the submit held until the autosave answers

  const stopAutosaving = () => form.setAttribute('data-w-autosave-active-value', 'false');

  const sendWaitingSubmit = () => {
    const { submitter } = waitingSubmit;
    waitingSubmit = null;
    // The pressed button may have been disabled by its progress spinner meanwhile, and a
    // disabled button's name is not sent: its action goes in a hidden field instead.
    if (submitter && submitter.name) {
      const action = document.createElement('input');
      action.type = 'hidden';
      action.name = submitter.name;
      action.value = submitter.value;
      form.append(action);
    }
    form.requestSubmit();
  };

  // Listened to on the window, so that the form's own handlers have seen the event first.
  window.addEventListener('w-autosave:save', (event) => {
    if (event.target === form) autosaving = !event.defaultPrevented;
  });
  ['w-autosave:success', 'w-autosave:error'].forEach((name) => {
    window.addEventListener(name, (event) => {
      if (event.target !== form) return;
      autosaving = false;
      if (waitingSubmit) sendWaitingSubmit();
    });
  });

  form.addEventListener(
    'submit',
    (event) => {
      if (autosaving) {
        event.preventDefault();
        waitingSubmit = waitingSubmit || { submitter: event.submitter };
      } else {
        stopAutosaving();
      }
    },
    { capture: true },
  );
})();
